"""The compact, ranked context the model path sends, and retrieved passages.

The model reads a capped selection, not the account's every row: the contract and
people, the health components, the eight busiest or most failing features, the
ticket counts over all tickets plus the ten most pressing tickets, the latest
NPS answers and activities, and the retrieved passages. Record text is cut short.
Each record is one JSON line whose `cite` value the model copies into citations;
the text inside is data, sent as message content and never as a template.

Input tokens are counted exactly with the `o200k_base` encoding (the gpt-4o
family's) from `bpe-openai`, which ships its tables inside the package: tiktoken
would download them at first use, and csops never downloads at run time.
"""

from __future__ import annotations

import functools
import json

from agents.brief.evidence import Dossier
from agents.brief.wording import claim, day, quote
from domain.brief import BriefKind, Claim, Evidence
from tools.retrieval.models import RetrievedChunk

PURPOSE_QUERIES = {
    BriefKind.account: "open problems, risks, complaints and commitments",
    BriefKind.handoff: "promises made, success criteria, implementation requirements",
    BriefKind.renewal: "renewal, pricing, value, competitor, budget",
    BriefKind.escalation: "outage, errors, failures, escalation, business impact",
}
PASSAGE_SECTION = {
    BriefKind.account: "relationship",
    BriefKind.handoff: "implementation",
    BriefKind.renewal: "risks",
    BriefKind.escalation: "impact",
}
TEXT_CHARS = {"ticket": 240, "note": 320, "call": 320, "nps": 240, "deal": 600}
DEFAULT_TEXT_CHARS = 300
TOP_FEATURES = 8
CAPS = {"contact": 8, "deal": 5, "subscription": 6, "ticket": 10, "nps": 5}
DEFAULT_CAP = 8


def add_passages(dossier: Dossier, chunks: list[RetrievedChunk]) -> None:
    """Keep retrieved passages as evidence (a record already read keeps its copy)."""
    for chunk in chunks:
        dossier.add(
            Evidence(
                record_type=chunk.source_type,
                record_id=chunk.source_id,
                as_of=chunk.as_of.date(),
                label=f"{chunk.source_type} {chunk.source_id} (retrieved)",
                facts={"retrieval_score": round(chunk.score, 3)},
                text=chunk.text,
            )
        )


def passage_claims(
    dossier: Dossier, kind: BriefKind, written: list[Claim]
) -> list[Claim]:
    """One quoted claim per retrieved passage the brief does not cite yet."""
    cited = {(c.record_type, c.record_id) for w in written for c in w.citations}
    found = []
    for evidence in dossier.book.values():
        if not evidence.label.endswith("(retrieved)") or evidence.key in cited:
            continue
        words = quote(evidence.text, limit=200)
        if words:
            text = f"Related {evidence.record_type} of {day(evidence.as_of)}: {words}"
            found.append(claim(PASSAGE_SECTION[kind], text, evidence))
    return found


def compact_context(dossier: Dossier) -> str:
    """The ranked records as JSON lines, most important kinds first."""
    taken: dict[str, int] = {}
    lines = []
    for evidence in sorted(dossier.book.values(), key=_rank):
        count = taken.get(evidence.record_type, 0)
        if count >= CAPS.get(evidence.record_type, DEFAULT_CAP):
            continue
        taken[evidence.record_type] = count + 1
        lines.append(json.dumps(_line(evidence), ensure_ascii=False, default=str))
    return "\n".join(lines)


ORDER = (
    "account", "subscription", "health", "usage", "ticket_summary", "person",
    "contact", "deal", "churn_event", "ticket", "note", "call", "meeting", "email",
    "nps",
)  # fmt: skip


def _rank(evidence: Evidence) -> tuple:
    kind = evidence.record_type
    position = ORDER.index(kind) if kind in ORDER else len(ORDER)
    return (position, -evidence.as_of.toordinal())


def _line(evidence: Evidence) -> dict:
    facts = {k: v for k, v in evidence.facts.items() if v not in (None, "", False)}
    if evidence.record_type == "usage":
        facts = _top_features(facts)
    for noise in ("source_system", "id", "account_id", "person_id"):
        facts.pop(noise, None)
    line = {"cite": f"{evidence.record_type}:{evidence.record_id}"}
    line |= {"as_of": evidence.as_of.isoformat(), **facts}
    limit = TEXT_CHARS.get(evidence.record_type, DEFAULT_TEXT_CHARS)
    if evidence.text:
        line["text"] = evidence.text[:limit]
    return line


def _top_features(facts: dict) -> dict:
    per_feature = {k.split(".")[0] for k in facts if "." in k}
    busiest = sorted(
        per_feature,
        key=lambda f: (
            -(facts.get(f"{f}.recent_uses", 0) + facts.get(f"{f}.recent_errors", 0))
        ),
    )[:TOP_FEATURES]
    keep = {k: v for k, v in facts.items() if "." not in k}
    return keep | {k: v for k, v in facts.items() if k.split(".")[0] in busiest}


def count_tokens(texts: list[str]) -> int:
    """Exact `o200k_base` token count of `texts`."""
    encoding = _o200k()
    return sum(len(encoding.encode(text)) for text in texts)


@functools.cache
def _o200k():
    import bpe_openai

    return bpe_openai.get_encoding("o200k_base")

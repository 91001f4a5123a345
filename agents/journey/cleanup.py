"""Clean a description before it is read: markup, placeholders, tables, typos.

People paste journeys from email, wikis, chat tools and templates. The words stay;
what only formats them goes: HTML tags (a script block goes whole), console markup
such as "[bold red]...[/]", template placeholders ("{name}", "{{x}}", "%s"),
control characters (PostgreSQL text refuses NUL), greetings and sign-offs. A
markdown table becomes one sentence per row, read through its header. A few
misspellings of CS words ("buisness", "custmer", "Executve") are corrected with
difflib against a short vocabulary, so the time and actor patterns still match.
"""

from __future__ import annotations

import difflib
import html
import re
from functools import lru_cache

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Only formatting tags go; '<system>' and its kind are prompt injection, left for
# the hostile-text check to see.
_HTML_TAG_RE = re.compile(
    r"</?(?:p|b|i|u|s|em|strong|br|hr|li|ul|ol|div|span|a|h[1-6]|table|thead|tbody|"
    r"tr|td|th|code|pre|font|small|big|sub|sup|blockquote|section|article|body|html|"
    r"head|title|script|style)\b[^<>]*>",
    re.IGNORECASE,
)
# A '</system>' block ends its own paragraph, so the text after it is read apart.
_ROLE_TAG_END_RE = re.compile(r"</(?:system|assistant|user)>", re.IGNORECASE)
_HTML_DROP_RE = re.compile(
    r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_HTML_BLOCK_RE = re.compile(
    r"</?(?:p|li|ul|ol|br|div|tr|h[1-6]|table|section)\b[^>]*>", re.IGNORECASE
)
_CLOSE_MARKUP_RE = re.compile(r"\[/[\w ]*\]")
_OPEN_MARKUP_RE = re.compile(r"\[(?P<style>[a-z][a-z0-9 #]*)\]")
_STYLES = frozenset(
    [
        "bold",
        "italic",
        "dim",
        "underline",
        "strike",
        "reverse",
        "blink",
        "red",
        "green",
        "blue",
        "yellow",
        "magenta",
        "cyan",
        "white",
        "black",
        "grey",
        "gray",
        "orange",
        "on",
        "b",
        "i",
        "u",
        "s",
    ]
)
_PLACEHOLDER_RE = re.compile(r"\{\{\s*([\w. ]+?)\s*\}\}|\{([\w.]+)\}|\[([\w .-]+)\]")
_PRINTF_RE = re.compile(r"%(?:\(\w+\))?[sdif]\b")
_GREETING_RE = re.compile(
    r"^\s*(?:hi|hello|hey|dear)\b[^.!?\n]{0,30}[,!]?\s*$", re.IGNORECASE
)
_SIGN_OFF_RE = re.compile(
    r"^\s*(?:thanks|thank you|cheers|regards|best(?: regards)?|kind regards)\b"
    r"[^\n]{0,20}$",
    re.IGNORECASE,
)
_TABLE_ROW_RE = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
_TABLE_RULE_RE = re.compile(r"^[\s|:-]+$")
_COLUMNS = {
    "step": ("step", "task", "what", "activity", "action", "stage"),
    "owner": ("owner", "who", "role", "responsible", "assignee"),
    "sla": ("sla", "due", "deadline", "when", "within", "timing", "time"),
    "escalation": ("escalat", "if late", "backup"),
}
_VOCABULARY = (
    "business", "customer", "champion", "executive", "renewal", "escalate",
    "onboarding", "offboarding", "kickoff", "account", "sponsor", "specialist",
)  # fmt: skip
_SPLIT_TYPOS = {"handsoff": "hands off", "handsover": "hands over"}
_WORD_RE = re.compile(r"[A-Za-z]{5,}")


def clean_description(text: str) -> str:
    """The description's words without formatting, placeholders or typos."""
    text = _CONTROL_RE.sub("", text)
    text = _ROLE_TAG_END_RE.sub(lambda m: m[0] + "\n\n", text)
    if _HTML_TAG_RE.search(text):
        text = _strip_html(text)
    text = _CLOSE_MARKUP_RE.sub("", text)
    text = _OPEN_MARKUP_RE.sub(_markup_or_words, text)
    text = _PLACEHOLDER_RE.sub(lambda m: next(g for g in m.groups() if g), text)
    text = _PRINTF_RE.sub("", text)
    lines = _without_greetings(_tables_as_sentences(text.splitlines()))
    return _WORD_RE.sub(lambda m: _corrected(m[0]), "\n".join(lines))


def _strip_html(text: str) -> str:
    text = _HTML_DROP_RE.sub(" ", text)
    text = _HTML_BLOCK_RE.sub("\n", text)
    return html.unescape(_HTML_TAG_RE.sub("", text))


def _markup_or_words(match: re.Match[str]) -> str:
    """'[bold red]' is console markup and goes; '[with the AE]' keeps its words."""
    words = match["style"].split()
    return "" if all(word in _STYLES for word in words) else match["style"]


def _without_greetings(lines: list[str]) -> list[str]:
    """Drop an email's greeting, and its sign-off with the signature under it."""
    kept = [line for line in lines if not _GREETING_RE.match(line)]
    for index, line in enumerate(kept):
        rest = " ".join(kept[index + 1 :])
        if _SIGN_OFF_RE.match(line) and len(rest) < 80:
            return kept[:index]
    return kept


def _tables_as_sentences(lines: list[str]) -> list[str]:
    """Rows of a markdown table, each read through the table's header."""
    result: list[str] = []
    header: dict[str, int] | None = None
    for line in lines:
        row = _TABLE_ROW_RE.match(line)
        if row is None:
            header = None
            result.append(line)
            continue
        cells = [cell.strip() for cell in row["cells"].split("|")]
        if _TABLE_RULE_RE.match(line):
            continue
        if header is None:
            header = _header(cells)
            if header:
                continue
        result.append(_row_sentence(cells, header or {}))
    return result


def _header(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        lowered = cell.lower()
        for column, words in _COLUMNS.items():
            if column not in found and lowered.startswith(words):
                found[column] = index
    return found if "step" in found or "escalation" in found else {}


def _row_sentence(cells: list[str], header: dict[str, int]) -> str:
    def cell(column: str) -> str:
        index = header.get(column)
        return cells[index] if index is not None and index < len(cells) else ""

    if not header:
        return "- " + ", ".join(cell for cell in cells if cell)
    if "step" not in header:  # | Situation | Escalate to |: one rung per row
        taken = header["escalation"]
        situation = next((c for i, c in enumerate(cells) if i != taken and c), "")
        return f"- If {situation}, escalate to the {cell('escalation')}."
    step, owner, sla = cell("step"), cell("owner"), cell("sla")
    if sla and not re.match(r"(?:within|by|in|before|after)\b", sla, re.I):
        sla = f"within {sla}"
    sentence = "- " + " ".join(part for part in (owner, step, sla) if part) + "."
    if cell("escalation"):
        sentence += f" If {step} is not done, escalate to the {cell('escalation')}."
    return sentence


@lru_cache(maxsize=4096)
def _corrected(word: str) -> str:
    """'buisness' -> 'business'; inflections and unrelated words stay as written."""
    lowered = word.lower()
    if lowered in _SPLIT_TYPOS:
        return _SPLIT_TYPOS[lowered]
    if lowered in _VOCABULARY:
        return word
    for known in _VOCABULARY:
        close = abs(len(known) - len(lowered)) <= 1 and known[0] == lowered[0]
        inflected = lowered.startswith(known)
        ratio = difflib.SequenceMatcher(None, lowered, known).ratio()
        if close and not inflected and ratio >= 0.85:
            return known.capitalize() if word[0].isupper() else known
    return word

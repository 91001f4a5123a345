"""The inbox as staff read it: customers' magic links masked (breaker report C5).

A magic link is a bearer credential for one step: whoever holds it acts as the
customer. Staff deciding an item need to know a link is attached and to whom, not
the link itself, so every display of an item (`csops inbox`, the API's item JSON,
the inbox page) goes through `masked_item`; the real link stays in the stored
draft and reaches only the delivered message.
"""

from __future__ import annotations

import re

from tools.inbox.store import InboxItem

# A link is `{base_url}/{token}`; tokens are signed and far longer than any path
# segment a person writes, which is what tells them apart in free text.
_LINK = re.compile(r"(https?://[^\s\"'<>]*/)([A-Za-z0-9_\-.~]{40,})")
ATTACHED = "(link attached, single use)"


def mask_links(text: str) -> str:
    """Every magic-link token in `text` cut to its last four characters."""
    return _LINK.sub(lambda m: f"{m.group(1)}…{m.group(2)[-4:]}", text)


def masked_item(item: InboxItem) -> InboxItem:
    """A copy of `item` for display: its draft's links masked, the rest as stored."""
    draft = item.draft
    url = draft.action_url
    text = mask_links(draft.text)
    if url:
        text = text.replace(mask_links(url), f"{mask_links(url)} {ATTACHED}")
    masked = draft.model_copy(
        update={
            "subject": mask_links(draft.subject),
            "text": text,
            "html": mask_links(draft.html),
            "action_url": mask_links(url) if url else None,
        }
    )
    return item.model_copy(update={"draft": masked})

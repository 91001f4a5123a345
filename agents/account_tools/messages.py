"""Fixed texts a model reads when an account tool cannot answer.

Each message says what went wrong and what the model should do next, so the model
can correct itself instead of the graph failing. The texts are constants (tests
assert them whole); only the bracketed values are filled in.
"""

from __future__ import annotations

UNKNOWN_ACCOUNT = (
    "Unknown account {key!r}. {candidates}Call get_account with an account name or "
    "id taken from the user's request or an earlier tool result, or ask the user "
    "which account they mean."
)
CANDIDATES = "Accounts with similar names: {names}. "
AMBIGUOUS_ACCOUNT = (
    "Account {key!r} matches several accounts: {names}. Call the tool again with "
    "one exact name or id."
)
BAD_ARGUMENTS = (
    "Invalid arguments for {tool}: {problems}. Fix these arguments and call {tool} "
    "again; the allowed values are in the tool's argument descriptions."
)
NO_SEARCH_INDEX = (
    "search_account_context is unavailable: no context index is configured (run "
    "`csops index` to build it). Use get_tickets and the other account tools instead."
)
SEARCH_FAILED = (
    "search_account_context failed: {reason}. Use get_tickets and the other account "
    "tools instead; do not retry this search."
)
STORE_UNAVAILABLE = (
    "The account store could not be read ({reason}). Do not retry now; tell the "
    "user the account data is unavailable."
)

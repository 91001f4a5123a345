"""The trajectory suite: the account-tool calls a model makes while briefing."""

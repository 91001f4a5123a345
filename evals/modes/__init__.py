"""How a run reaches a model: offline, replay, live or record (see `access`)."""

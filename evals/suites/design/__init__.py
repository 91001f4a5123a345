"""The design suite: journey description -> workflow, scored against expected facts."""

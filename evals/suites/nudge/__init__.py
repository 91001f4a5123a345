"""The nudge suite: run state -> the message csops drafts, under hard gates."""

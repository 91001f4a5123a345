"""The escalation suite: a step run's timeline -> escalate now or not, and to whom."""

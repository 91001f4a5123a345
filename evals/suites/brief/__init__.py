"""The brief suite: account fixtures -> briefs, scored on facts, citations, flags."""

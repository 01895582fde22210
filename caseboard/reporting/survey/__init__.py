"""The DfE vulnerable children survey: who was seen in person, virtually or not at all, and the trends beside it."""

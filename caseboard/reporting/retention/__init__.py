"""Records retention: children's records due for review under the retention periods of the operating model."""

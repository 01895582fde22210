"""Demand: contacts and referrals against the same weeks of earlier years, and the alerts on a surge or a fall."""

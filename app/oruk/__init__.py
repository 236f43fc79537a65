"""Open Referral UK (ORUK 3.0) open data: the read API under ``/api/oruk/`` and ``signpost oruk import``."""

"""The store: participants, screenings, consents, referrals, outbox and audit (SQLAlchemy)."""

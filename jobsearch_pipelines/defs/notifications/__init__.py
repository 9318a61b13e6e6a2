"""Email: the mailer resource, the email/alert/digest event functions, the digest asset and schedule, the outbox."""

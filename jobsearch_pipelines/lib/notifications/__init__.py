"""Email: templates and rendering, the outbox (dedupe, retries, bounces, unsubscribe), transports, alerts, digests."""

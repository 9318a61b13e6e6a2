"""Flow control for event-triggered runs: concurrency, rate limit, throttle, debounce, priority, batching.

``config`` declares it, ``expr`` evaluates key expressions, ``gcra`` is the limiter, ``gate`` decides per
event (state in the application database) and ``tag_limits`` ties keyed concurrency to the run queue.
No Dagster import here.
"""

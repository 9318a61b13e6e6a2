"""Remote eligibility: where a hire may live for each job (countries, regions, a time-zone window), and the
original's remote-EU judgement derived from it."""

SELECT max(submitted_at) FROM decisions

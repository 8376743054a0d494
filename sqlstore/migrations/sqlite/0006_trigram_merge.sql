-- Keep fewer trigram index segments: every substring search probes each
-- segment for each token, so merging as soon as two segments of a level
-- exist keeps searches fast under a steady stream of writes.
INSERT INTO customer_trigrams (customer_trigrams) VALUES ('automerge=2');

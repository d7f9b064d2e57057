-- The uncertainty of a rate, for the researcher's questions ("is 46.7 % of 15 runs better than 40 % of 4,000?"):
-- the 95 % Wilson score interval of a proportion, and Newcombe's hybrid score interval of the difference of two
-- (method 10 of Newcombe, Statistics in Medicine 1998; both behave at 0 %, 100 % and a handful of runs, where
-- the normal approximation does not). diagnose's success rates and --compare read them; psql can too.
-- Plain SQL, re-runnable.

CREATE OR REPLACE FUNCTION oriole_wilson(successes bigint, runs bigint, OUT low double precision, OUT high double precision)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT center - half, center + half
      FROM (SELECT (p + z * z / (2 * n)) / (1 + z * z / n) AS center,
                   z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n) AS half
              FROM (SELECT successes::double precision / runs AS p, runs::double precision AS n,
                           1.959963984540054::double precision AS z
                     WHERE runs > 0) AS rate) AS interval
$$;

CREATE OR REPLACE FUNCTION oriole_rate_difference(successes_a bigint, runs_a bigint, successes_b bigint, runs_b bigint,
                                                  OUT difference double precision, OUT low double precision,
                                                  OUT high double precision)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT pa - pb,
           pa - pb - sqrt((pa - a.low) ^ 2 + (b.high - pb) ^ 2),
           pa - pb + sqrt((a.high - pa) ^ 2 + (pb - b.low) ^ 2)
      FROM (SELECT successes_a::double precision / runs_a AS pa, successes_b::double precision / runs_b AS pb
             WHERE runs_a > 0 AND runs_b > 0) AS rates,
           oriole_wilson(successes_a, runs_a) AS a,
           oriole_wilson(successes_b, runs_b) AS b
$$;

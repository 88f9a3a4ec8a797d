// @name switching-matrix
// @description How often supplier A was succeeded by supplier B, across all buyers and towers.
// @column from_id -- the outgoing holder's id ('in-house' included)
// @column from_name -- its name
// @column to_id -- the incoming holder's id
// @column to_name -- its name
// @column switches -- how many (buyer, tower) successions have B's spell right after A's
// @column examples -- up to five "buyer / tower" pairs where it happened
// Consecutive spells of a succession (as in succession.cypher) with different
// suppliers make one switch; engagements with no known tower count too.
MATCH (b:Buyer)-[:AWARDED]->(c:Contract)-[:AWARDED_TO]->(s:Organisation)
WHERE c.holds
OPTIONAL MATCH (c)-[:COVERS]->(t:ServiceTower)
WITH b, t, s, c ORDER BY c.start, c.id
WITH b, t, s, collect(c) AS contracts
WITH b, t, s, reduce(spells = [], c IN contracts |
  CASE
    WHEN size(spells) > 0
         AND (last(spells).end IS NULL OR c.start <= last(spells).end + duration({days: 1}))
    THEN spells[..-1] + [{
      start: last(spells).start, start_precision: last(spells).start_precision,
      end: CASE WHEN last(spells).end IS NULL OR c.end IS NULL THEN null
                WHEN c.end > last(spells).end THEN c.end ELSE last(spells).end END,
      end_precision: CASE WHEN last(spells).end IS NULL OR c.end IS NULL THEN null
                          WHEN c.end > last(spells).end THEN c.end_precision
                          ELSE last(spells).end_precision END,
      contract_ids: last(spells).contract_ids + c.id}]
    ELSE spells + [{start: c.start, start_precision: c.start_precision,
                    end: c.end, end_precision: c.end_precision, contract_ids: [c.id]}]
  END) AS spells
UNWIND spells AS spell
WITH b, t, s, spell
ORDER BY spell.start, coalesce(spell.end, date('9999-12-31')), s.name
WITH b, t, collect({s: s, spell: spell}) AS ordered
UNWIND range(0, size(ordered) - 2) AS i
WITH b, t, ordered[i].s AS a, ordered[i + 1].s AS n
WHERE a <> n
WITH a, n, count(*) AS switches,
     collect(b.name + ' / ' + coalesce(t.name, '(tower not known)'))[..5] AS examples
RETURN a.id AS from_id, a.name AS from_name, n.id AS to_id, n.name AS to_name, switches, examples
ORDER BY switches DESC, from_name, to_name

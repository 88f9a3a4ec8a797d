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
MATCH (b:Buyer)
// one buyer at a time, so only one buyer's spells are held in memory
CALL (b) {
  MATCH (b)-[:AWARDED]->(c:Contract)-[:AWARDED_TO]->(s:Organisation)
  WHERE c.holds
  OPTIONAL MATCH (c)-[:COVERS]->(t:ServiceTower)
  WITH t, s, c ORDER BY c.start, c.id
  WITH t, s, collect(c) AS contracts
  WITH t, s, reduce(spells = [], c IN contracts |
    CASE
      WHEN size(spells) > 0
           AND (last(spells).end IS NULL OR c.start <= last(spells).end + duration({days: 1}))
      THEN spells[..-1] + [{
        start: last(spells).start,
        end: CASE WHEN last(spells).end IS NULL OR c.end IS NULL THEN null
                  WHEN c.end > last(spells).end THEN c.end ELSE last(spells).end END}]
      ELSE spells + [{start: c.start, end: c.end}]
    END) AS spells
  UNWIND spells AS spell
  WITH t, s, spell
  ORDER BY spell.start, coalesce(spell.end, date('9999-12-31')), s.name
  WITH t, collect(s) AS holders
  UNWIND range(0, size(holders) - 2) AS i
  WITH t, holders[i] AS a, holders[i + 1] AS n
  WHERE a <> n
  RETURN t, a, n
}
WITH a, n, b, t ORDER BY b.name, t.name
WITH a, n, count(*) AS switches,
     collect(b.name + ' / ' + coalesce(t.name, '(tower not known)'))[..5] AS examples
RETURN a.id AS from_id, a.name AS from_name, n.id AS to_id, n.name AS to_name, switches, examples
ORDER BY switches DESC, from_name, to_name

// @name spells
// @description Every spell of every tower at every buyer (the whole succession table, for analytics).
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the tower's id; null when the source named no tower
// @column tower_name -- the tower's name; null when the source named no tower
// @column seq -- position of the spell in its (buyer, tower) succession, from 1
// @column supplier_id -- the holder's id ('in-house' for the buyer itself)
// @column supplier_name -- the holder's name
// @column in_house -- whether the holder is the buyer itself
// @column start -- first day of the spell
// @column start_precision -- day, month, year or decade
// @column end -- last day of the spell, inclusive; null while ongoing
// @column end_precision -- precision of the end
// @column contract_ids -- contracts merged into the spell
// Spells as in succession.cypher; engagements with no known tower form their own succession.
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
UNWIND range(0, size(ordered) - 1) AS i
WITH b, t, i, ordered[i].s AS s, ordered[i].spell AS spell
RETURN b.id AS buyer_id, b.name AS buyer_name, t.id AS tower_id, t.name AS tower_name,
       i + 1 AS seq, s.id AS supplier_id, s.name AS supplier_name, s.id = 'in-house' AS in_house,
       toString(spell.start) AS start, spell.start_precision AS start_precision,
       toString(spell.end) AS end, spell.end_precision AS end_precision,
       spell.contract_ids AS contract_ids
ORDER BY buyer_id, tower_id, seq

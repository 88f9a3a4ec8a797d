// @name succession-known-on
// @description The succession of a tower at a buyer as the graph knew it at an earlier time (before later corrections).
// @param buyer string example="Met Police" -- the buyer's id, name or any alias (lower-case match)
// @param tower string example=networks -- the tower's id, name or alias
// @param as_known_on datetime example=2026-01-01 -- when to look from: what had been loaded by then (a day means its end, UTC)
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the canonical tower's id
// @column tower_name -- the canonical tower's name
// @column seq -- 1 for the first spell, 2 for the next...
// @column supplier_id -- the holder's id
// @column supplier_name -- the holder's name
// @column start -- first day of the spell
// @column start_precision -- day, month, year or decade
// @column end -- last day of the spell, inclusive; null while ongoing
// @column end_precision -- precision of the end
// @column contract_ids -- the contracts merged into the spell
// Spells as in succession.cypher, on the facts current at as_known_on.
CALL () {
  MATCH (b:Organisation:Buyer {id: $buyer}) RETURN b
  UNION
  MATCH (:Alias {key: toLower(trim($buyer))})-[:ALIAS_OF]->(b:Buyer) RETURN b
}
CALL () {
  MATCH (t:ServiceTower {id: $tower}) RETURN t
  UNION
  MATCH (:Alias {key: toLower(trim($tower))})-[:ALIAS_OF]->(t:ServiceTower) RETURN t
}
MATCH (b)-[:AWARDED]->(c:Contract)
// the facts as known then: the current ones if recorded by then, else the
// version that was current then, else nothing (not yet known)
WITH b, t, c,
  CASE WHEN coalesce(c.recorded_at, datetime('1970-01-01T00:00:00Z')) <= $as_known_on
       THEN c {.id, .holds, .start, .start_precision, .end, .end_precision, .recorded_at,
               towers: [(c)-[:COVERS]->(x:ServiceTower) | x.id],
               suppliers: [(c)-[:AWARDED_TO]->(s:Organisation) | s.id]}
       ELSE head([(c)-[:PREVIOUSLY]->(v:ContractVersion)
                  WHERE coalesce(v.recorded_at, datetime('1970-01-01T00:00:00Z')) <= $as_known_on
                    AND $as_known_on < v.superseded_at
                  | v {id: v.contract_id, .holds, .start, .start_precision, .end, .end_precision,
                       .recorded_at, towers: v.tower_ids, suppliers: v.supplier_ids}])
  END AS fact
WHERE fact IS NOT NULL AND fact.holds AND t.id IN fact.towers
UNWIND fact.suppliers AS sid
MATCH (s:Organisation {id: sid})
WITH b, t, s, fact ORDER BY fact.start, fact.id
WITH b, t, s, collect(fact) AS contracts
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
       i + 1 AS seq, s.id AS supplier_id, s.name AS supplier_name,
       toString(spell.start) AS start, spell.start_precision AS start_precision,
       toString(spell.end) AS end, spell.end_precision AS end_precision,
       spell.contract_ids AS contract_ids
ORDER BY buyer_id, tower_id, seq

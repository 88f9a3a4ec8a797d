// @name returns
// @description Suppliers that held something at a buyer, held nothing there for a while, then came back.
// @param min_gap_days integer default=365 example=365 -- shortest gap that counts: returned minus left, in days
// @param supplier string optional example=Capgemini -- only this supplier (id, name or alias); null for all
// @param buyer string optional example="Met Police" -- only this buyer (id, name or alias); null for all
// @column supplier_id -- the returning supplier's id
// @column supplier_name -- its name
// @column buyer_id -- the former client's id
// @column buyer_name -- its name
// @column left -- the last day it held something before the gap
// @column left_precision -- day, month, year or decade: how precisely the source gave that end
// @column returned -- the first day it held something again
// @column returned_precision -- how precisely the source gave that start
// @column gap_days -- returned minus left, in days (>= min_gap_days)
// @column towers_before -- towers it held in the period before the gap (empty when the source named none)
// @column towers_after -- towers it held in the period after the gap
// @column contracts_before -- contracts of the period before the gap
// @column contracts_after -- contracts of the period after the gap
// "Holding something" is any active or complete contract at the buyer, with or
// without a known tower; contracts that overlap or touch form one period.
// In-house is not a supplier here.
MATCH (b:Buyer)-[:AWARDED]->(c:Contract)-[:AWARDED_TO]->(s:Organisation)
WHERE c.holds AND s.id <> 'in-house'
  AND ($supplier IS NULL OR s.id = $supplier
       OR EXISTS { (:Alias {key: toLower(trim($supplier))})-[:ALIAS_OF]->(s) })
  AND ($buyer IS NULL OR b.id = $buyer
       OR EXISTS { (:Alias {key: toLower(trim($buyer))})-[:ALIAS_OF]->(b) })
WITH b, s, c, COLLECT { MATCH (c)-[:COVERS]->(t:ServiceTower) RETURN t.name ORDER BY t.name } AS towers
ORDER BY c.start, c.id
WITH b, s, collect({c: c, towers: towers}) AS held
WITH b, s, reduce(periods = [], h IN held |
  CASE
    WHEN size(periods) > 0
         AND (last(periods).end IS NULL OR h.c.start <= last(periods).end + duration({days: 1}))
    THEN periods[..-1] + [{
      start: last(periods).start, start_precision: last(periods).start_precision,
      end: CASE WHEN last(periods).end IS NULL OR h.c.end IS NULL THEN null
                WHEN h.c.end > last(periods).end THEN h.c.end ELSE last(periods).end END,
      end_precision: CASE WHEN last(periods).end IS NULL OR h.c.end IS NULL THEN null
                          WHEN h.c.end > last(periods).end THEN h.c.end_precision
                          ELSE last(periods).end_precision END,
      towers: last(periods).towers + [x IN h.towers WHERE NOT x IN last(periods).towers],
      contracts: last(periods).contracts + h.c.id}]
    ELSE periods + [{start: h.c.start, start_precision: h.c.start_precision, end: h.c.end,
                     end_precision: h.c.end_precision, towers: h.towers, contracts: [h.c.id]}]
  END) AS periods
UNWIND range(0, size(periods) - 2) AS i
WITH b, s, periods[i] AS before, periods[i + 1] AS after
WITH b, s, before, after, duration.inDays(before.end, after.start).days AS gap_days
WHERE gap_days >= $min_gap_days
RETURN s.id AS supplier_id, s.name AS supplier_name, b.id AS buyer_id, b.name AS buyer_name,
       toString(before.end) AS left, before.end_precision AS left_precision,
       toString(after.start) AS returned, after.start_precision AS returned_precision, gap_days,
       before.towers AS towers_before, after.towers AS towers_after,
       before.contracts AS contracts_before, after.contracts AS contracts_after
ORDER BY supplier_name, buyer_name, returned

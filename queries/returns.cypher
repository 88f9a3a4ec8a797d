// @name returns
// @description Suppliers that held something at a buyer, held nothing there for a while, then came back.
// @param min_gap_days integer default=365 example=365 -- shortest gap that counts: returned minus left, in days
// @param supplier supplier optional example=Capgemini -- only this supplier; null for all; in Neo4j Browser give its id, e.g. :param supplier => 'capgemini'
// @param buyer buyer optional example="Met Police" -- only this buyer; null for all; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @param follow_lineage boolean default=true -- true: a return counts when the company a former supplier became (renamed, merged-into, acquired-by in lineage.csv) comes back
// @column supplier_id -- the returning supplier's id (the name it came back under)
// @column supplier_name -- its name
// @column left_as -- the name it held under before the gap (differs only through lineage)
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
// without a known tower: the stored (:Engagement) periods (docs/model.md),
// formed by the spell rule over all of a supplier's contracts there. In-house
// is not a supplier here. RESUMED_BY links a period to the next one of the
// same supplier, or of the company it became by then.
MATCH (b:Buyer)<-[:AT]-(after:Engagement)<-[back:RESUMED_BY]-(before:Engagement)
WHERE back.gap_days >= $min_gap_days
  AND CASE WHEN $follow_lineage THEN after.with_lineage ELSE after.without_lineage END
  AND ($buyer IS NULL OR b.id = $buyer)
  AND ($supplier IS NULL OR $supplier IN before.held_by + after.held_by)
MATCH (s:Organisation {id: after.first_id}), (left:Organisation {id: before.holder_id})
RETURN s.id AS supplier_id, s.name AS supplier_name, left.name AS left_as,
       b.id AS buyer_id, b.name AS buyer_name,
       toString(before.to) AS left, before.to_precision AS left_precision,
       toString(after.from) AS returned, after.from_precision AS returned_precision, back.gap_days AS gap_days,
       before.towers AS towers_before, after.towers AS towers_after,
       before.contract_ids AS contracts_before, after.contract_ids AS contracts_after
ORDER BY supplier_name, buyer_name, returned

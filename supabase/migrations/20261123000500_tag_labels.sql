-- A fact tag's chip text carries its numbers ("下单4次" / "4 orders"), so the recompute stores
-- the rendered label beside the stable key. Manual tags use the tag itself as their label.
alter table public.customer_tags add column label_zh text, add column label_en text;

"""The pieces of the independent holdout generator (`benchmarks/dedupe_holdout.py`): a world of firms and
people, their CRM cards, leads, labels and the Bitrix24 row shapes. Kept apart so that the benchmarks folder
lists its runnable scripts; nothing here reads the dedupe package."""

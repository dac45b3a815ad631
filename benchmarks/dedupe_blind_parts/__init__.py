"""Parts of benchmarks/dedupe_blind.py: an independent, seeded generator of a labelled Bitrix24 CRM
(contacts, companies, leads, requisites) for measuring a duplicate finder.

    identifiers  INN / KPP / OGRN / OGRNIP with valid check digits
    vocab        names, diminutives, patronymics, surnames, cities, company words, comment phrases
    world        the real world: people, households, organisations, branches, namesakes
    plan         CRM records as managers typed them (what each card shows) and the label checker
    render       turning a plan into Bitrix REST rows (phone / e-mail / name / title spellings)
    build        the whole run: world → plans → checks → rows → files
"""

"""Named entities: gazetteers, NER features and the linking helpers used by the ner and link stages."""

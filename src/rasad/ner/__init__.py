"""Name tagging models: a compact BiLSTM tagger run with numpy, whose scores the CRF tagger combines with its own."""

"""Quote extraction helpers: the cue lexicon, candidate finding and speaker resolution."""

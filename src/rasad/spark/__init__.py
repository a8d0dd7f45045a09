"""rasad on Apache Spark (needs the `spark` extra: pip install 'rasad[spark]')."""

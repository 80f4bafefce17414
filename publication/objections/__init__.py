"""The objection period: finalists announced, objections received, answered and decided."""

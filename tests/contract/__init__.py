"""The contract layer: spec loading, derived schemas, both engines, bodies and exchanges."""

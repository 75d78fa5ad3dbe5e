"""The contract: what the spec says, compiled once, and the checks of one exchange against it.

``spec`` reads and checks the OpenAPI document -> ``schemas`` derives the drift-aware JSON
Schema -> ``engines`` compiles it (jsonschema-rs or python jsonschema) -> ``explain`` turns
engine errors into ``findings`` -> ``contract`` routes and checks an exchange (``model``) ->
``violations`` raises. ``pointers``, ``wire`` and ``redact`` are the shared vocabulary: RFC 6901
pointers, JSON and media types, credentials kept out of every output. This layer imports
nothing from the rest of the package.
"""

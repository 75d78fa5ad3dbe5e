"""Reading captured traffic: ``sources`` finds and opens the inputs (files, directories,
standard input; gzip; format sniffed), ``har`` and ``ndjson`` stream their records (HAR over the
``json_stream`` tokenizer), ``records`` turns each into an ``Exchange`` or an ``Unreadable``
value, ``errors`` is how an input fails as a whole. Nothing here judges a record; this layer
imports only ``contract``.
"""

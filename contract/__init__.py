"""The public contract as types: the bodies the API reads and answers, the payloads of the live
events, and the statuses and kinds they name. The web edge validates with these models and
generates the OpenAPI document from them; the use-cases take and return them.
"""

# Import a key by its id (key-…, not the secret). The secret cannot be read
# back, so an imported key's `key` stays null.
terraform import zilliz_api_key.ci key-0123456789abcd

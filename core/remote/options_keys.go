package remote

// s3Keys are the S3 options (canonical aws_ name, aliases).
var s3Keys = withBare("aws_", []keySpec{
	{name: "aws_access_key_id", aliases: []string{"access_key_id"}},
	{name: "aws_secret_access_key", aliases: []string{"secret_access_key"}},
	{name: "aws_session_token", aliases: []string{"aws_token", "session_token", "token"}},
	{name: "aws_region", aliases: []string{"region"}},
	{name: "aws_default_region", aliases: []string{"default_region"}},
	{name: "aws_endpoint", aliases: []string{"aws_endpoint_url", "endpoint_url", "endpoint"}},
	{name: "aws_bucket", aliases: []string{"aws_bucket_name", "bucket_name", "bucket"}},
	{name: "aws_virtual_hosted_style_request", kind: kBool},
	{name: "aws_skip_signature", kind: kBool},
	{name: "aws_request_payer", kind: kBool},
	{name: "aws_unsigned_payload", kind: kBool},
	{name: "aws_sse_customer_key_base64"},
	{name: "aws_profile", aliases: []string{"profile"}},
	{name: "aws_checksum_algorithm", kind: kIgnored},
	{name: "aws_server_side_encryption", kind: kIgnored},
	{name: "aws_sse_kms_key_id", kind: kIgnored},
	{name: "aws_sse_bucket_key_enabled", kind: kIgnored},
	{name: "aws_copy_if_not_exists", kind: kIgnored},
	{name: "aws_conditional_put", kind: kIgnored},
	{name: "aws_disable_tagging", kind: kIgnored},
	{name: "aws_s3_express", kind: kUnsupported},
	{name: "aws_imdsv1_fallback", kind: kUnsupported},
	{name: "aws_metadata_endpoint", kind: kUnsupported},
	{name: "aws_container_credentials_relative_uri", kind: kUnsupported},
	{name: "aws_container_credentials_full_uri", kind: kUnsupported},
	{name: "aws_container_authorization_token_file", kind: kUnsupported},
	{name: "aws_web_identity_token_file", kind: kUnsupported},
	{name: "aws_role_arn", kind: kUnsupported},
	{name: "aws_role_session_name", kind: kUnsupported},
	{name: "aws_endpoint_url_sts", kind: kUnsupported},
}, "aws_endpoint_url_s3")

// gcsKeys are the GCS options.
var gcsKeys = []keySpec{
	{name: "google_service_account", aliases: []string{"service_account", "google_service_account_path", "service_account_path"}},
	{name: "google_service_account_key", aliases: []string{"service_account_key"}},
	{name: "google_application_credentials", aliases: []string{"application_credentials"}},
	{name: "google_bucket", aliases: []string{"google_bucket_name", "bucket", "bucket_name"}},
	{name: "google_base_url", aliases: []string{"base_url"}},
	{name: "google_skip_signature", aliases: []string{"skip_signature"}, kind: kBool},
	{name: "google_bearer_token", aliases: []string{"bearer_token"}},
}

// azureKeys are the Azure options.
var azureKeys = []keySpec{
	{name: "azure_storage_account_name", aliases: []string{"account_name"}},
	{name: "azure_storage_account_key", aliases: []string{"azure_storage_access_key", "azure_storage_master_key", "master_key", "account_key", "access_key"}},
	{name: "azure_storage_sas_key", aliases: []string{"azure_storage_sas_token", "sas_key", "sas_token"}},
	{name: "azure_storage_token", aliases: []string{"bearer_token", "token"}},
	{name: "azure_storage_use_emulator", aliases: []string{"use_emulator"}, kind: kBool},
	{name: "azure_storage_endpoint", aliases: []string{"azure_endpoint", "endpoint"}},
	{name: "azure_container_name", aliases: []string{"container_name"}},
	{name: "azure_skip_signature", kind: kBool},
	{name: "azure_disable_tagging", kind: kIgnored},
	{name: "azure_storage_client_id", aliases: []string{"azure_client_id", "client_id"}, kind: kUnsupported},
	{name: "azure_storage_client_secret", aliases: []string{"azure_client_secret", "client_secret"}, kind: kUnsupported},
	{name: "azure_storage_tenant_id", aliases: []string{"azure_storage_authority_id", "azure_tenant_id", "azure_authority_id", "tenant_id", "authority_id"}, kind: kUnsupported},
	{name: "azure_storage_authority_host", aliases: []string{"azure_authority_host", "authority_host"}, kind: kUnsupported},
	{name: "azure_msi_endpoint", aliases: []string{"azure_identity_endpoint", "identity_endpoint", "msi_endpoint"}, kind: kUnsupported},
	{name: "azure_object_id", aliases: []string{"object_id"}, kind: kUnsupported},
	{name: "azure_msi_resource_id", aliases: []string{"msi_resource_id"}, kind: kUnsupported},
	{name: "azure_federated_token_file", aliases: []string{"federated_token_file"}, kind: kUnsupported},
	{name: "azure_use_fabric_endpoint", kind: kUnsupported},
	{name: "azure_use_azure_cli", kind: kUnsupported},
}

// withBare adds the name without prefix as an alias of every key (S3
// accepts access_key_id as well as aws_access_key_id), and appends the
// keys named in extra that have no bare form.
func withBare(prefix string, specs []keySpec, extra ...string) []keySpec {
	out := make([]keySpec, 0, len(specs)+len(extra))
	for _, s := range specs {
		bare := s.name[len(prefix):]
		seen := false
		for _, a := range s.aliases {
			seen = seen || a == bare
		}
		if !seen {
			s.aliases = append(append([]string(nil), s.aliases...), bare)
		}
		out = append(out, s)
	}
	for _, e := range extra {
		out = append(out, keySpec{name: e})
	}
	return out
}

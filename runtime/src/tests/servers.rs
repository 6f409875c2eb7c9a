use crate::servers::{fill_url, unknown_server};

#[test]
fn url_variables_take_overrides_then_defaults() {
    let variables = [("region", "eu"), ("version", "v2")];
    assert_eq!(fill_url("https://{region}.example.com/{version}", &variables, &[]), "https://eu.example.com/v2");
    assert_eq!(fill_url("https://{region}.example.com/{version}", &variables, &[("region", "us"), ("other", "x")]), "https://us.example.com/v2");
    assert_eq!(fill_url("https://{region}.example.com/{region}", &variables, &[]), "https://eu.example.com/eu", "every occurrence");
    assert_eq!(fill_url("https://{undeclared}.example.com", &variables, &[("undeclared", "x")]), "https://{undeclared}.example.com");
}

#[test]
fn an_unknown_server_lists_the_known_ones() {
    let err = unknown_server("mars", ["us-east-1", "eu-west-1"]);
    assert_eq!(err.to_string(), "invalid client configuration: unknown server `mars`; known: us-east-1, eu-west-1");
}

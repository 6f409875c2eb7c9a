use crate::websocket::socket_config;

#[test]
fn the_size_limit_bounds_both_messages_and_frames() {
    let config = socket_config(2048);
    assert_eq!((config.max_message_size, config.max_frame_size), (Some(2048), Some(2048)));
    // tungstenite's own defaults (64 MiB messages, 16 MiB frames) no longer apply.
    let config = socket_config(crate::client::DEFAULT_MAX_RESPONSE_BYTES);
    assert_eq!((config.max_message_size, config.max_frame_size), (Some(16 << 20), Some(16 << 20)));
}

#[test]
fn a_limit_past_the_address_space_is_the_largest_one_rather_than_a_wrapped_one() {
    let config = socket_config(u64::MAX);
    assert_eq!((config.max_message_size, config.max_frame_size), (Some(usize::MAX), Some(usize::MAX)));
}

//! Deserialising string enums.

/// Deserialises string enums from borrowed or owned strings without an intermediate `String`.
pub struct StrEnumVisitor<T>(::std::marker::PhantomData<T>);

impl<T> StrEnumVisitor<T> {
    pub fn new() -> Self {
        StrEnumVisitor(::std::marker::PhantomData)
    }
}

impl<T> Default for StrEnumVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: for<'a> From<&'a str>> ::serde::de::Visitor<'_> for StrEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}

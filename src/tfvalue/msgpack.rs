//! The msgpack codec Terraform uses for `DynamicValue` (cty's msgpack format).
//!
//! The encoding is type directed; the rules, for every type:
//!
//! - `nil` is null and any msgpack extension (whatever its type code or payload, including
//!   Terraform 1.6's "refined" unknowns, ext type 12 holding a map) is unknown. Unknown is
//!   written as `d4 00 00` (fixext1, type 0).
//! - `number`: an integer of any width, a float32/float64, or a string holding the decimal
//!   digits. Written as the smallest integer when the number is one (also a float that is
//!   integral and fits `i64`, as Terraform does), else float64, and [`Number::Decimal`] as a
//!   string.
//! - `list`, `set` and `tuple` are arrays; `map` and `object` are maps with string keys. An
//!   object is written with every attribute of its type (null when absent from the value); on
//!   decoding, attributes missing from the input become null.
//! - `dynamic`: a known value is the array `[type JSON (bin or str), value under that type]`.
//!
//! Decoding is hardened against hostile input: it never panics, limits nesting to
//! [`MAX_DEPTH`], never allocates more than the remaining input could fill, and rejects
//! trailing bytes. Every error carries the [`Path`] of the element that failed.

use std::collections::BTreeMap;
use std::fmt;

use super::{DecodeError, Number, Path, PathStep, Type, Value};

/// How deeply containers (lists, sets, tuples, maps, objects and dynamic wrappers) may nest
/// before a value is rejected as malicious.
pub const MAX_DEPTH: usize = 64;

/// A value that could not be encoded under its type, with the place where it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    /// Where in the value the problem is (empty for the root).
    pub path: Path,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for EncodeError {}

/// Decodes msgpack `bytes` as a value of type `ty`.
///
/// # Errors
///
/// When the bytes are not msgpack, do not fit the type, nest deeper than [`MAX_DEPTH`], or
/// are followed by trailing bytes. The error's path names the failing element.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, DecodeError> {
    let mut reader = Reader {
        input: bytes,
        pos: 0,
    };
    let value = reader.value(ty, 0).map_err(Failure::into_decode_error)?;
    if reader.pos != bytes.len() {
        let extra = bytes.len().saturating_sub(reader.pos);
        return Err(DecodeError::new(
            Path::root(),
            format!("{extra} unexpected trailing bytes after the value"),
        ));
    }
    Ok(value)
}

/// Encodes `value` as msgpack under type `ty`.
///
/// Values are untyped, so the type decides the form: a [`Value::List`], [`Value::Set`] or
/// [`Value::Tuple`] is accepted for any of the three sequence types, and a [`Value::Map`] or
/// [`Value::Object`] for either of `map` and `object`.
///
/// # Errors
///
/// When the value's shape does not fit the type (a string for a number, a tuple of the
/// wrong length, an object attribute the type does not have, a known value of a `dynamic`
/// type that is not a [`Value::Dynamic`], a non-finite float, an invalid decimal).
pub fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(64);
    put_value(&mut out, value, ty, 0).map_err(Failure::into_encode_error)?;
    Ok(out)
}

/// Whether `s` is a decimal number cty accepts: `-?digits[.digits][(e|E)[+-]digits]`.
pub(super) fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    let mut i = usize::from(b.first() == Some(&b'-'));
    if !digits(&mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// An error on its way out of the recursion: path steps are collected innermost first, so
/// the successful path allocates nothing for paths.
#[derive(Debug)]
pub(super) struct Failure {
    steps: Vec<PathStep>,
    message: String,
}

impl Failure {
    /// A failure at the current element.
    pub(super) fn new(message: impl Into<String>) -> Self {
        Self {
            steps: Vec::new(),
            message: message.into(),
        }
    }

    /// The failure as seen from the parent: `step` leads from the parent to the failing part.
    pub(super) fn at(mut self, step: PathStep) -> Self {
        self.steps.push(step);
        self
    }

    fn into_path(mut steps: Vec<PathStep>) -> Path {
        steps.reverse();
        Path::from(steps)
    }

    /// The decode error, with the path from the root.
    pub(super) fn into_decode_error(self) -> DecodeError {
        DecodeError::new(Self::into_path(self.steps), self.message)
    }

    fn into_encode_error(self) -> EncodeError {
        EncodeError {
            path: Self::into_path(self.steps),
            message: self.message,
        }
    }
}

fn index_step(i: usize) -> PathStep {
    PathStep::Index(i64::try_from(i).unwrap_or(i64::MAX))
}

fn too_deep() -> Failure {
    Failure::new(format!("value nested more than {MAX_DEPTH} levels deep"))
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// One msgpack item, with the payload of scalars read; containers carry their length and
/// their elements follow in the input.
#[derive(Debug, Clone, Copy)]
enum Item<'a> {
    Nil,
    Bool(bool),
    Int(i64),
    /// Only above `i64::MAX`.
    UInt(u64),
    F32(f32),
    F64(f64),
    Str(&'a [u8]),
    Bin(&'a [u8]),
    Array(usize),
    Map(usize),
    Ext,
}

impl Item<'_> {
    fn describe(&self) -> &'static str {
        match self {
            Item::Nil => "nil",
            Item::Bool(_) => "a bool",
            Item::Int(_) | Item::UInt(_) => "an integer",
            Item::F32(_) | Item::F64(_) => "a float",
            Item::Str(_) => "a string",
            Item::Bin(_) => "binary data",
            Item::Array(_) => "an array",
            Item::Map(_) => "a map",
            Item::Ext => "an extension",
        }
    }
}

fn mismatch(wanted: &str, found: Item<'_>) -> Failure {
    Failure::new(format!("{wanted} is required, found {}", found.describe()))
}

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.input.len().saturating_sub(self.pos)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Failure> {
        let bytes = self
            .pos
            .checked_add(n)
            .and_then(|end| self.input.get(self.pos..end))
            .ok_or_else(|| Failure::new("unexpected end of msgpack input"))?;
        self.pos += n;
        Ok(bytes)
    }

    fn fixed<const N: usize>(&mut self) -> Result<[u8; N], Failure> {
        <[u8; N]>::try_from(self.take(N)?)
            .map_err(|_| Failure::new("unexpected end of msgpack input"))
    }

    fn len8(&mut self) -> Result<usize, Failure> {
        Ok(usize::from(u8::from_be_bytes(self.fixed()?)))
    }

    fn len16(&mut self) -> Result<usize, Failure> {
        Ok(usize::from(u16::from_be_bytes(self.fixed()?)))
    }

    fn len32(&mut self) -> Result<usize, Failure> {
        // A length that does not fit usize cannot fit the input either; `take` rejects it.
        Ok(usize::try_from(u32::from_be_bytes(self.fixed()?)).unwrap_or(usize::MAX))
    }

    /// Skips an extension's type byte and `len` bytes of payload.
    fn ext(&mut self, len: usize) -> Result<Item<'a>, Failure> {
        self.take(len.saturating_add(1))?;
        Ok(Item::Ext)
    }

    fn item(&mut self) -> Result<Item<'a>, Failure> {
        let [marker] = self.fixed::<1>()?;
        Ok(match marker {
            0x00..=0x7f => Item::Int(i64::from(marker)),
            0x80..=0x8f => Item::Map(usize::from(marker & 0x0f)),
            0x90..=0x9f => Item::Array(usize::from(marker & 0x0f)),
            0xa0..=0xbf => Item::Str(self.take(usize::from(marker & 0x1f))?),
            0xc0 => Item::Nil,
            0xc1 => return Err(Failure::new("invalid msgpack marker 0xc1")),
            0xc2 => Item::Bool(false),
            0xc3 => Item::Bool(true),
            0xc4 => {
                let n = self.len8()?;
                Item::Bin(self.take(n)?)
            }
            0xc5 => {
                let n = self.len16()?;
                Item::Bin(self.take(n)?)
            }
            0xc6 => {
                let n = self.len32()?;
                Item::Bin(self.take(n)?)
            }
            0xc7 => {
                let n = self.len8()?;
                self.ext(n)?
            }
            0xc8 => {
                let n = self.len16()?;
                self.ext(n)?
            }
            0xc9 => {
                let n = self.len32()?;
                self.ext(n)?
            }
            0xca => Item::F32(f32::from_be_bytes(self.fixed()?)),
            0xcb => Item::F64(f64::from_be_bytes(self.fixed()?)),
            0xcc => Item::Int(i64::from(u8::from_be_bytes(self.fixed()?))),
            0xcd => Item::Int(i64::from(u16::from_be_bytes(self.fixed()?))),
            0xce => Item::Int(i64::from(u32::from_be_bytes(self.fixed()?))),
            0xcf => {
                let u = u64::from_be_bytes(self.fixed()?);
                i64::try_from(u).map_or(Item::UInt(u), Item::Int)
            }
            0xd0 => Item::Int(i64::from(i8::from_be_bytes(self.fixed()?))),
            0xd1 => Item::Int(i64::from(i16::from_be_bytes(self.fixed()?))),
            0xd2 => Item::Int(i64::from(i32::from_be_bytes(self.fixed()?))),
            0xd3 => Item::Int(i64::from_be_bytes(self.fixed()?)),
            0xd4 => self.ext(1)?,
            0xd5 => self.ext(2)?,
            0xd6 => self.ext(4)?,
            0xd7 => self.ext(8)?,
            0xd8 => self.ext(16)?,
            0xd9 => {
                let n = self.len8()?;
                Item::Str(self.take(n)?)
            }
            0xda => {
                let n = self.len16()?;
                Item::Str(self.take(n)?)
            }
            0xdb => {
                let n = self.len32()?;
                Item::Str(self.take(n)?)
            }
            0xdc => Item::Array(self.len16()?),
            0xdd => Item::Array(self.len32()?),
            0xde => Item::Map(self.len16()?),
            0xdf => Item::Map(self.len32()?),
            0xe0..=0xff => Item::Int(i64::from(i8::from_be_bytes([marker]))),
        })
    }

    /// Reads the value of type `ty`; `depth` is the number of enclosing containers.
    fn value(&mut self, ty: &Type, depth: usize) -> Result<Value, Failure> {
        let item = self.item()?;
        match item {
            Item::Nil => return Ok(Value::Null),
            Item::Ext => return Ok(Value::Unknown),
            Item::Array(_) | Item::Map(_) if depth >= MAX_DEPTH => return Err(too_deep()),
            _ => {}
        }
        match ty {
            Type::Bool => match item {
                Item::Bool(b) => Ok(Value::Bool(b)),
                other => Err(mismatch("a bool", other)),
            },
            Type::Number => number(item).map(Value::Number),
            Type::String => match item {
                Item::Str(bytes) => Ok(Value::String(utf8(bytes)?.to_owned())),
                other => Err(mismatch("a string", other)),
            },
            Type::List(elem) => match item {
                Item::Array(n) => self.elements(n, |_| elem, depth).map(Value::List),
                other => Err(mismatch("a list (array)", other)),
            },
            Type::Set(elem) => match item {
                Item::Array(n) => self.elements(n, |_| elem, depth).map(Value::Set),
                other => Err(mismatch("a set (array)", other)),
            },
            Type::Tuple(elems) => match item {
                Item::Array(n) if n == elems.len() => {
                    // `n` is the tuple's length, so indexing by position cannot miss.
                    self.elements(n, |i| elems.get(i).unwrap_or(&Type::Dynamic), depth)
                        .map(Value::Tuple)
                }
                Item::Array(n) => Err(Failure::new(format!(
                    "a tuple of {} elements is required, found {n}",
                    elems.len()
                ))),
                other => Err(mismatch("a tuple (array)", other)),
            },
            Type::Map(elem) => match item {
                Item::Map(n) => self.map(n, elem, depth).map(Value::Map),
                other => Err(mismatch("a map", other)),
            },
            Type::Object(attrs) => match item {
                Item::Map(n) => self.object(n, attrs, depth).map(Value::Object),
                other => Err(mismatch("an object (map)", other)),
            },
            Type::Dynamic => match item {
                Item::Array(2) => self.dynamic(depth),
                Item::Array(n) => Err(Failure::new(format!(
                    "a dynamic value must be a [type, value] array, found {n} elements"
                ))),
                other => Err(mismatch("a dynamic value ([type, value] array)", other)),
            },
        }
    }

    fn elements<'t>(
        &mut self,
        n: usize,
        elem_type: impl Fn(usize) -> &'t Type,
        depth: usize,
    ) -> Result<Vec<Value>, Failure> {
        // Every element takes at least one byte: never reserve more than the input can fill.
        let mut out = Vec::with_capacity(n.min(self.remaining()));
        for i in 0..n {
            let v = self
                .value(elem_type(i), depth + 1)
                .map_err(|f| f.at(index_step(i)))?;
            out.push(v);
        }
        Ok(out)
    }

    fn key(&mut self) -> Result<String, Failure> {
        match self.item()? {
            Item::Str(bytes) => Ok(utf8(bytes)?.to_owned()),
            other => Err(mismatch("a string map key", other)),
        }
    }

    fn map(
        &mut self,
        n: usize,
        elem: &Type,
        depth: usize,
    ) -> Result<BTreeMap<String, Value>, Failure> {
        let mut out = BTreeMap::new();
        for _ in 0..n {
            let key = self.key()?;
            let v = self
                .value(elem, depth + 1)
                .map_err(|f| f.at(PathStep::Key(key.clone())))?;
            if out.contains_key(&key) {
                return Err(Failure::new(format!("duplicate map key {key:?}")));
            }
            out.insert(key, v);
        }
        Ok(out)
    }

    fn object(
        &mut self,
        n: usize,
        attrs: &BTreeMap<String, Type>,
        depth: usize,
    ) -> Result<BTreeMap<String, Value>, Failure> {
        let mut out = BTreeMap::new();
        for _ in 0..n {
            let key = self.key()?;
            let Some(attr_type) = attrs.get(&key) else {
                return Err(Failure::new(format!("unexpected attribute {key:?}")));
            };
            let v = self
                .value(attr_type, depth + 1)
                .map_err(|f| f.at(PathStep::Attribute(key.clone())))?;
            if out.contains_key(&key) {
                return Err(Failure::new(format!("duplicate attribute {key:?}")));
            }
            out.insert(key, v);
        }
        // Be lenient: attributes the input left out are null.
        if out.len() < attrs.len() {
            for name in attrs.keys() {
                if !out.contains_key(name) {
                    out.insert(name.clone(), Value::Null);
                }
            }
        }
        Ok(out)
    }

    /// The two elements of a known dynamic value, after the array header.
    fn dynamic(&mut self, depth: usize) -> Result<Value, Failure> {
        let type_json = match self.item()? {
            Item::Bin(bytes) | Item::Str(bytes) => bytes,
            other => return Err(mismatch("the type JSON of a dynamic value", other)),
        };
        let ty = serde_json::from_slice(type_json)
            .map_err(|e| e.to_string())
            .and_then(|json| Type::from_json(&json))
            .map_err(|e| Failure::new(format!("invalid type of a dynamic value: {e}")))?;
        let inner = self.value(&ty, depth + 1)?;
        Ok(Value::Dynamic(ty, Box::new(inner)))
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, Failure> {
    std::str::from_utf8(bytes).map_err(|e| Failure::new(format!("string is not valid UTF-8: {e}")))
}

fn finite(f: f64) -> Result<Number, Failure> {
    if f.is_finite() {
        Ok(Number::Float(f))
    } else {
        Err(Failure::new(format!("number {f} is not finite")))
    }
}

fn number(item: Item<'_>) -> Result<Number, Failure> {
    match item {
        Item::Int(i) => Ok(Number::Int(i)),
        Item::UInt(u) => Ok(Number::UInt(u)),
        Item::F32(f) => finite(f64::from(f)),
        Item::F64(f) => finite(f),
        Item::Str(bytes) => {
            let s = utf8(bytes)?;
            if is_decimal(s) {
                Ok(Number::Decimal(s.to_owned()))
            } else {
                Err(Failure::new(format!("{s:?} is not a valid number")))
            }
        }
        other => Err(mismatch("a number", other)),
    }
}

// ---------------------------------------------------------------------------------------------
// Encoding

/// The markers of a length-prefixed msgpack family.
struct LenMarkers {
    /// The fix form's base marker and its largest length.
    fix: Option<(u8, u8)>,
    /// The 8-bit length form.
    len8: Option<u8>,
    len16: u8,
    len32: u8,
}

const STR: LenMarkers = LenMarkers {
    fix: Some((0xa0, 31)),
    len8: Some(0xd9),
    len16: 0xda,
    len32: 0xdb,
};
const BIN: LenMarkers = LenMarkers {
    fix: None,
    len8: Some(0xc4),
    len16: 0xc5,
    len32: 0xc6,
};
const ARRAY: LenMarkers = LenMarkers {
    fix: Some((0x90, 15)),
    len8: None,
    len16: 0xdc,
    len32: 0xdd,
};
const MAP: LenMarkers = LenMarkers {
    fix: Some((0x80, 15)),
    len8: None,
    len16: 0xde,
    len32: 0xdf,
};

fn put_len(out: &mut Vec<u8>, len: usize, m: &LenMarkers) -> Result<(), Failure> {
    if let Ok(small) = u8::try_from(len) {
        if let Some((base, max)) = m.fix
            && small <= max
        {
            out.push(base | small);
            return Ok(());
        }
        if let Some(len8) = m.len8 {
            out.extend_from_slice(&[len8, small]);
            return Ok(());
        }
    }
    if let Ok(n) = u16::try_from(len) {
        out.push(m.len16);
        out.extend_from_slice(&n.to_be_bytes());
    } else if let Ok(n) = u32::try_from(len) {
        out.push(m.len32);
        out.extend_from_slice(&n.to_be_bytes());
    } else {
        return Err(Failure::new(format!(
            "length {len} is too large for msgpack"
        )));
    }
    Ok(())
}

fn put_str(out: &mut Vec<u8>, s: &str) -> Result<(), Failure> {
    put_len(out, s.len(), &STR)?;
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

/// Writes `u` in the smallest unsigned form.
fn put_uint(out: &mut Vec<u8>, u: u64) {
    if let Ok(b) = u8::try_from(u) {
        if b > 0x7f {
            out.push(0xcc);
        }
        out.push(b);
    } else if let Ok(h) = u16::try_from(u) {
        out.push(0xcd);
        out.extend_from_slice(&h.to_be_bytes());
    } else if let Ok(w) = u32::try_from(u) {
        out.push(0xce);
        out.extend_from_slice(&w.to_be_bytes());
    } else {
        out.push(0xcf);
        out.extend_from_slice(&u.to_be_bytes());
    }
}

/// Writes `i` in the smallest form (non-negative numbers in the unsigned forms).
fn put_int(out: &mut Vec<u8>, i: i64) {
    if let Ok(u) = u64::try_from(i) {
        put_uint(out, u);
    } else if let Ok(b) = i8::try_from(i) {
        if b < -32 {
            out.push(0xd0);
        }
        out.extend_from_slice(&b.to_be_bytes());
    } else if let Ok(h) = i16::try_from(i) {
        out.push(0xd1);
        out.extend_from_slice(&h.to_be_bytes());
    } else if let Ok(w) = i32::try_from(i) {
        out.push(0xd2);
        out.extend_from_slice(&w.to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&i.to_be_bytes());
    }
}

fn put_number(out: &mut Vec<u8>, n: &Number) -> Result<(), Failure> {
    match n {
        Number::Int(i) => put_int(out, *i),
        Number::UInt(u) => put_uint(out, *u),
        Number::Float(f) if !f.is_finite() => {
            return Err(Failure::new(format!("number {f} is not finite")));
        }
        Number::Float(f) => match n.as_i64() {
            // Terraform sends an integral float as an integer; so do we.
            Some(i) => put_int(out, i),
            None => {
                out.push(0xcb);
                out.extend_from_slice(&f.to_be_bytes());
            }
        },
        Number::Decimal(s) if is_decimal(s) => put_str(out, s)?,
        Number::Decimal(s) => return Err(Failure::new(format!("{s:?} is not a valid number"))),
    }
    Ok(())
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Unknown => "unknown",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::List(_) => "a list",
        Value::Set(_) => "a set",
        Value::Map(_) => "a map",
        Value::Object(_) => "an object",
        Value::Tuple(_) => "a tuple",
        Value::Dynamic(..) => "a dynamic value",
    }
}

fn put_value(out: &mut Vec<u8>, value: &Value, ty: &Type, depth: usize) -> Result<(), Failure> {
    match (value, ty) {
        (Value::Null, _) => out.push(0xc0),
        (Value::Unknown, _) => out.extend_from_slice(&[0xd4, 0, 0]),
        (
            Value::List(_)
            | Value::Set(_)
            | Value::Tuple(_)
            | Value::Map(_)
            | Value::Object(_)
            | Value::Dynamic(..),
            _,
        ) if depth >= MAX_DEPTH => return Err(too_deep()),
        (Value::Bool(b), Type::Bool) => out.push(if *b { 0xc3 } else { 0xc2 }),
        (Value::Number(n), Type::Number) => put_number(out, n)?,
        (Value::String(s), Type::String) => put_str(out, s)?,
        (
            Value::List(items) | Value::Set(items) | Value::Tuple(items),
            Type::List(elem) | Type::Set(elem),
        ) => {
            put_len(out, items.len(), &ARRAY)?;
            for (i, item) in items.iter().enumerate() {
                put_value(out, item, elem, depth + 1).map_err(|f| f.at(index_step(i)))?;
            }
        }
        (Value::List(items) | Value::Set(items) | Value::Tuple(items), Type::Tuple(elems)) => {
            if items.len() != elems.len() {
                return Err(Failure::new(format!(
                    "a tuple of {} elements is required, found {}",
                    elems.len(),
                    items.len()
                )));
            }
            put_len(out, items.len(), &ARRAY)?;
            for (i, (item, elem)) in items.iter().zip(elems).enumerate() {
                put_value(out, item, elem, depth + 1).map_err(|f| f.at(index_step(i)))?;
            }
        }
        (Value::Map(entries) | Value::Object(entries), Type::Map(elem)) => {
            put_len(out, entries.len(), &MAP)?;
            for (key, item) in entries {
                put_str(out, key)?;
                put_value(out, item, elem, depth + 1)
                    .map_err(|f| f.at(PathStep::Key(key.clone())))?;
            }
        }
        (Value::Map(entries) | Value::Object(entries), Type::Object(attrs)) => {
            if let Some(extra) = entries.keys().find(|k| !attrs.contains_key(*k)) {
                return Err(Failure::new(format!(
                    "attribute {extra:?} is not part of the object type"
                )));
            }
            // Terraform requires every attribute of the type to be present.
            put_len(out, attrs.len(), &MAP)?;
            for (name, attr_type) in attrs {
                put_str(out, name)?;
                let item = entries.get(name).unwrap_or(&Value::Null);
                put_value(out, item, attr_type, depth + 1)
                    .map_err(|f| f.at(PathStep::Attribute(name.clone())))?;
            }
        }
        (Value::Dynamic(inner_type, inner), Type::Dynamic) => {
            out.push(0x92);
            let type_json = inner_type.to_json_bytes();
            put_len(out, type_json.len(), &BIN)?;
            out.extend_from_slice(&type_json);
            put_value(out, inner, inner_type, depth + 1)?;
        }
        (_, Type::Dynamic) => {
            return Err(Failure::new(format!(
                "{} of a dynamic type must carry its type (Value::Dynamic)",
                describe(value)
            )));
        }
        (_, _) => {
            let wanted = String::from_utf8_lossy(&ty.to_json_bytes()).into_owned();
            return Err(Failure::new(format!(
                "cannot encode {} as type {wanted}",
                describe(value)
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn obj_ab() -> Type {
        Type::object([("a", Type::String), ("b", Type::String)])
    }

    #[test]
    fn object_with_null_attribute_has_a_known_encoding() {
        // {"a": "x", "b": nil}
        let bytes = [0x82, 0xa1, b'a', 0xa1, b'x', 0xa1, b'b', 0xc0];
        let v = Value::object([("a", Value::from("x")), ("b", Value::Null)]);
        assert_eq!(decode(&bytes, &obj_ab()).unwrap(), v);
        assert_eq!(encode(&v, &obj_ab()).unwrap(), bytes);
        // An attribute absent from the value is written as nil all the same.
        assert_eq!(
            encode(&Value::object([("a", Value::from("x"))]), &obj_ab()).unwrap(),
            bytes
        );
    }

    #[test]
    fn missing_object_attribute_decodes_as_null() {
        let bytes = [0x81, 0xa1, b'a', 0xa1, b'x'];
        let v = decode(&bytes, &obj_ab()).unwrap();
        assert_eq!(
            v,
            Value::object([("a", Value::from("x")), ("b", Value::Null)])
        );
    }

    #[test]
    fn unexpected_object_attribute_is_named() {
        let bytes = [0x81, 0xa1, b'z', 0xc0];
        let err = decode(&bytes, &obj_ab()).unwrap_err();
        assert!(err.message.contains("\"z\""), "{err}");
        let err = encode(&Value::object([("z", Value::Null)]), &obj_ab()).unwrap_err();
        assert!(err.message.contains("\"z\""), "{err}");
    }

    #[test]
    fn unknown_is_d4_00_00_and_any_extension_decodes_as_unknown() {
        assert_eq!(
            encode(&Value::Unknown, &Type::String).unwrap(),
            [0xd4, 0, 0]
        );
        assert_eq!(encode(&Value::Unknown, &obj_ab()).unwrap(), [0xd4, 0, 0]);
        // A refined unknown (Terraform 1.6+): ext8, length 3, type 12, payload {1: true}.
        let refined = [0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc3];
        let cases: [&[u8]; 10] = [
            &[0xd4, 0, 0],
            &[0xd4, 0x7f, 0xaa],
            &[0xd5, 1, 1, 2],
            &[0xd6, 2, 1, 2, 3, 4],
            &[0xd7, 3, 1, 2, 3, 4, 5, 6, 7, 8],
            &[
                0xd8, 4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            ],
            &refined,
            &[0xc7, 0x00, 0x05],
            &[0xc8, 0x00, 0x01, 0x0c, 0xc0],
            &[0xc9, 0x00, 0x00, 0x00, 0x01, 0x0c, 0xc0],
        ];
        for ty in [
            Type::String,
            Type::Number,
            Type::Dynamic,
            obj_ab(),
            Type::list(Type::Bool),
        ] {
            for bytes in cases {
                assert_eq!(decode(bytes, &ty).unwrap(), Value::Unknown, "{bytes:02x?}");
            }
        }
        // Inside a container.
        let bytes = [
            0x82, 0xa1, b'a', 0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc3, 0xa1, b'b', 0xc0,
        ];
        assert_eq!(
            decode(&bytes, &obj_ab()).unwrap(),
            Value::object([("a", Value::Unknown), ("b", Value::Null)])
        );
    }

    #[test]
    fn nil_is_null_at_every_type() {
        for ty in [
            Type::Bool,
            Type::Dynamic,
            obj_ab(),
            Type::Tuple(vec![Type::Bool]),
        ] {
            assert_eq!(decode(&[0xc0], &ty).unwrap(), Value::Null);
            assert_eq!(encode(&Value::Null, &ty).unwrap(), [0xc0]);
        }
    }

    #[test]
    fn integers_of_every_width_decode() {
        let cases: [(&[u8], Number); 16] = [
            (&[0x05], Number::Int(5)),
            (&[0x7f], Number::Int(127)),
            (&[0xff], Number::Int(-1)),
            (&[0xe0], Number::Int(-32)),
            (&[0xcc, 0xff], Number::Int(255)),
            (&[0xcd, 0x01, 0x00], Number::Int(256)),
            (&[0xce, 0xff, 0xff, 0xff, 0xff], Number::Int(4_294_967_295)),
            (&[0xcf, 0, 0, 0, 1, 0, 0, 0, 0], Number::Int(4_294_967_296)),
            (
                &[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                Number::UInt(u64::MAX),
            ),
            (&[0xcf, 0x80, 0, 0, 0, 0, 0, 0, 0], Number::UInt(1 << 63)),
            (&[0xd0, 0x80], Number::Int(-128)),
            (&[0xd1, 0x80, 0x00], Number::Int(-32768)),
            (&[0xd2, 0x80, 0, 0, 0], Number::Int(i64::from(i32::MIN))),
            (&[0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0], Number::Int(i64::MIN)),
            (&[0xd0, 0x05], Number::Int(5)),
            (&[0xd3, 0, 0, 0, 0, 0, 0, 0, 0x07], Number::Int(7)),
        ];
        for (bytes, n) in cases {
            match decode(bytes, &Type::Number).unwrap() {
                Value::Number(got) => {
                    assert_eq!(got, n, "{bytes:02x?}");
                    // UInt only above i64::MAX.
                    assert_eq!(matches!(got, Number::UInt(_)), matches!(n, Number::UInt(_)));
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn integers_encode_in_the_smallest_form() {
        let cases: [(Number, &[u8]); 12] = [
            (Number::Int(0), &[0x00]),
            (Number::Int(127), &[0x7f]),
            (Number::Int(128), &[0xcc, 0x80]),
            (Number::Int(-1), &[0xff]),
            (Number::Int(-32), &[0xe0]),
            (Number::Int(-33), &[0xd0, 0xdf]),
            (Number::Int(-129), &[0xd1, 0xff, 0x7f]),
            (Number::Int(65536), &[0xce, 0, 1, 0, 0]),
            (Number::Int(i64::MIN), &[0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0]),
            (
                Number::UInt(u64::MAX),
                &[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            ),
            (Number::Float(3.0), &[0x03]),
            (Number::Float(-0.0), &[0x00]),
        ];
        for (n, bytes) in cases {
            assert_eq!(
                encode(&Value::Number(n.clone()), &Type::Number).unwrap(),
                bytes,
                "{n:?}"
            );
        }
    }

    #[test]
    fn floats_and_decimal_strings() {
        let half = [0xcb, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0];
        assert_eq!(
            encode(&Value::Number(Number::Float(0.5)), &Type::Number).unwrap(),
            half
        );
        assert_eq!(
            decode(&half, &Type::Number).unwrap(),
            Value::Number(Number::Float(0.5))
        );
        // float32 0.1 keeps its exact value.
        let f32_tenth = [0xca, 0x3d, 0xcc, 0xcc, 0xcd];
        assert_eq!(
            decode(&f32_tenth, &Type::Number).unwrap(),
            Value::Number(Number::Float(f64::from(0.1_f32)))
        );
        // A huge float stays a float.
        let big = Number::Float(1e300);
        let bytes = encode(&Value::Number(big.clone()), &Type::Number).unwrap();
        assert_eq!(bytes.first(), Some(&0xcb));
        assert_eq!(decode(&bytes, &Type::Number).unwrap(), Value::Number(big));
        // NaN and infinities are rejected both ways.
        assert!(decode(&[0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0], &Type::Number).is_err());
        assert!(decode(&[0xca, 0x7f, 0x80, 0, 0], &Type::Number).is_err());
        assert!(encode(&Value::Number(Number::Float(f64::INFINITY)), &Type::Number).is_err());

        for text in [
            "0",
            "-12",
            "0.1",
            "1e400",
            "-3.25E-7",
            "123456789012345678901234567890",
        ] {
            let mut bytes = vec![0xa0 | u8::try_from(text.len()).unwrap()];
            bytes.extend_from_slice(text.as_bytes());
            let v = Value::Number(Number::Decimal(text.into()));
            assert_eq!(decode(&bytes, &Type::Number).unwrap(), v, "{text}");
            assert_eq!(encode(&v, &Type::Number).unwrap(), bytes, "{text}");
        }
        for bad in [
            "", "-", "1.", ".5", "1e", "1e+", "0x10", "NaN", "Infinity", " 1", "1 ", "+1",
        ] {
            let mut bytes = vec![0xa0 | u8::try_from(bad.len()).unwrap()];
            bytes.extend_from_slice(bad.as_bytes());
            let err = decode(&bytes, &Type::Number).unwrap_err();
            assert!(err.message.contains("not a valid number"), "{bad}: {err}");
            let v = Value::Number(Number::Decimal(bad.into()));
            assert!(encode(&v, &Type::Number).is_err(), "{bad}");
        }
    }

    #[test]
    fn strings_must_be_utf8_str() {
        assert_eq!(
            decode(&[0xa2, b'h', b'i'], &Type::String).unwrap(),
            Value::from("hi")
        );
        assert_eq!(
            decode(&[0xd9, 2, b'h', b'i'], &Type::String).unwrap(),
            Value::from("hi")
        );
        assert_eq!(
            decode(&[0xda, 0, 2, b'h', b'i'], &Type::String).unwrap(),
            Value::from("hi")
        );
        assert_eq!(
            decode(&[0xdb, 0, 0, 0, 2, b'h', b'i'], &Type::String).unwrap(),
            Value::from("hi")
        );
        assert!(decode(&[0xc4, 2, b'h', b'i'], &Type::String).is_err());
        assert!(decode(&[0xa2, 0xc3, 0x28], &Type::String).is_err());
        let long = "x".repeat(300);
        let bytes = encode(&Value::from(long.as_str()), &Type::String).unwrap();
        assert_eq!(bytes.get(..3), Some(&[0xda, 0x01, 0x2c][..]));
        assert_eq!(decode(&bytes, &Type::String).unwrap(), Value::from(long));
    }

    #[test]
    fn wrong_type_names_its_path() {
        let ty = Type::object([(
            "items",
            Type::list(Type::object([("tags", Type::map(Type::Number))])),
        )]);
        // {"items": [{"tags": {"k": true}}]}
        let mut bytes = vec![0x81, 0xa5];
        bytes.extend_from_slice(b"items");
        bytes.extend_from_slice(&[0x91, 0x81, 0xa4]);
        bytes.extend_from_slice(b"tags");
        bytes.extend_from_slice(&[0x81, 0xa1, b'k', 0xc3]);
        let err = decode(&bytes, &ty).unwrap_err();
        assert_eq!(
            err.path,
            Path::attr("items")
                .with_index(0)
                .with_attr("tags")
                .with_key("k")
        );
        assert_eq!(
            err.to_string(),
            "items[0].tags[\"k\"]: a number is required, found a bool"
        );

        let v = Value::object([(
            "items",
            Value::List(vec![Value::object([(
                "tags",
                Value::Map([("k".to_owned(), Value::Bool(true))].into()),
            )])]),
        )]);
        let err = encode(&v, &ty).unwrap_err();
        assert_eq!(
            err.path,
            Path::attr("items")
                .with_index(0)
                .with_attr("tags")
                .with_key("k")
        );
        assert!(err.message.contains("cannot encode a bool"), "{err}");
    }

    #[test]
    fn tuples_must_have_their_length() {
        let ty = Type::Tuple(vec![Type::String, Type::Bool]);
        let v = Value::Tuple(vec![Value::from("a"), Value::Bool(false)]);
        let bytes = encode(&v, &ty).unwrap();
        assert_eq!(bytes, [0x92, 0xa1, b'a', 0xc2]);
        assert_eq!(decode(&bytes, &ty).unwrap(), v);
        assert!(decode(&[0x91, 0xa1, b'a'], &ty).is_err());
        assert!(encode(&Value::Tuple(vec![Value::Null]), &ty).is_err());
    }

    #[test]
    fn dynamic_carries_its_type() {
        let v = Value::Dynamic(
            Type::list(Type::String),
            Box::new(Value::List(vec!["x".into()])),
        );
        let bytes = encode(&v, &Type::Dynamic).unwrap();
        let mut expected = vec![0x92, 0xc4, 17];
        expected.extend_from_slice(br#"["list","string"]"#);
        expected.extend_from_slice(&[0x91, 0xa1, b'x']);
        assert_eq!(bytes, expected);
        assert_eq!(decode(&bytes, &Type::Dynamic).unwrap(), v);
        // The type JSON may also come as a str.
        let mut as_str = vec![0x92, 0xa6];
        as_str.extend_from_slice(br#""bool""#);
        as_str.push(0xc3);
        assert_eq!(
            decode(&as_str, &Type::Dynamic).unwrap(),
            Value::Dynamic(Type::Bool, Box::new(Value::Bool(true)))
        );
        // Bad type JSON.
        let mut bad = vec![0x92, 0xa5];
        bad.extend_from_slice(b"float");
        bad.push(0x01);
        assert!(decode(&bad, &Type::Dynamic).is_err());
        // A known value under dynamic must say its type.
        assert!(encode(&Value::from("x"), &Type::Dynamic).is_err());
    }

    #[test]
    fn deep_nesting_is_rejected() {
        // dynamic wrapping ["list","dynamic"] over and over would recurse forever.
        let mut ty = Type::String;
        for _ in 0..100 {
            ty = Type::list(ty);
        }
        let mut bytes = vec![0x91; 100];
        bytes.push(0xc0);
        let err = decode(&bytes, &ty).unwrap_err();
        assert!(err.message.contains("nested"), "{err}");
        // Exactly MAX_DEPTH levels are fine.
        let mut ty = Type::String;
        for _ in 0..MAX_DEPTH {
            ty = Type::list(ty);
        }
        let mut bytes = vec![0x91; MAX_DEPTH];
        bytes.push(0xc0);
        assert!(decode(&bytes, &ty).is_ok());

        // Self-describing nesting through dynamic values.
        let mut bytes = Vec::new();
        for _ in 0..1000 {
            bytes.extend_from_slice(&[0x92, 0xa9]);
            bytes.extend_from_slice(br#""dynamic""#);
        }
        bytes.push(0xc0);
        let err = decode(&bytes, &Type::Dynamic).unwrap_err();
        assert!(err.message.contains("nested"), "{err}");
    }

    #[test]
    fn huge_claimed_lengths_fail_without_allocating() {
        let ty = Type::list(Type::String);
        assert!(decode(&[0xdd, 0xff, 0xff, 0xff, 0xff], &ty).is_err());
        assert!(decode(&[0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0, 0xc0], &ty).is_err());
        assert!(decode(&[0xdf, 0xff, 0xff, 0xff, 0xff], &Type::map(Type::String)).is_err());
        assert!(decode(&[0xdb, 0xff, 0xff, 0xff, 0xff, b'a'], &Type::String).is_err());
        assert!(decode(&[0xc9, 0xff, 0xff, 0xff, 0xff, 0x00], &Type::String).is_err());
        assert!(decode(&[0xc6, 0xff, 0xff, 0xff, 0xff], &Type::Dynamic).is_err());
    }

    #[test]
    fn truncated_and_trailing_input_is_rejected() {
        assert!(decode(&[], &Type::String).is_err());
        assert!(decode(&[0xa3, b'a'], &Type::String).is_err());
        assert!(decode(&[0xcd, 0x01], &Type::Number).is_err());
        assert!(decode(&[0x92, 0xc0], &Type::list(Type::Bool)).is_err());
        let err = decode(&[0xc3, 0xc0], &Type::Bool).unwrap_err();
        assert!(err.message.contains("trailing"), "{err}");
        assert!(decode(&[0xc1], &Type::Bool).is_err());
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        let bytes = [0x82, 0xa1, b'a', 0xc0, 0xa1, b'a', 0xc0];
        assert!(decode(&bytes, &obj_ab()).is_err());
        assert!(decode(&bytes, &Type::map(Type::String)).is_err());
    }

    #[test]
    fn sequences_and_entries_encode_under_either_form() {
        let set = Value::Set(vec!["a".into()]);
        assert_eq!(
            encode(&set, &Type::list(Type::String)).unwrap(),
            [0x91, 0xa1, b'a']
        );
        let map = Value::Map([("a".to_owned(), Value::from("x"))].into());
        assert_eq!(
            encode(&map, &obj_ab()).unwrap(),
            [0x82, 0xa1, b'a', 0xa1, b'x', 0xa1, b'b', 0xc0]
        );
        assert!(encode(&Value::from("x"), &Type::list(Type::String)).is_err());
    }

    // ---- property tests ----

    /// Random types of bounded depth, with `dynamic` leaves when `allow_dynamic`.
    pub(crate) fn arb_type(allow_dynamic: bool) -> impl Strategy<Value = Type> {
        let leaf = if allow_dynamic {
            prop_oneof![
                Just(Type::Bool),
                Just(Type::Number),
                Just(Type::String),
                Just(Type::Dynamic)
            ]
            .boxed()
        } else {
            prop_oneof![Just(Type::Bool), Just(Type::Number), Just(Type::String)].boxed()
        };
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                inner.clone().prop_map(Type::list),
                inner.clone().prop_map(Type::set),
                inner.clone().prop_map(Type::map),
                prop::collection::btree_map("[a-z_]{1,6}", inner.clone(), 0..4)
                    .prop_map(Type::Object),
                prop::collection::vec(inner, 0..4).prop_map(Type::Tuple),
            ]
        })
    }

    pub(crate) fn arb_number() -> impl Strategy<Value = Number> {
        use prop::num::f64 as f;
        prop_oneof![
            any::<i64>().prop_map(Number::Int),
            ((1_u64 << 63)..=u64::MAX).prop_map(Number::UInt),
            (f::NORMAL | f::SUBNORMAL | f::ZERO).prop_map(Number::Float),
            (-1000_i32..1000).prop_map(|i| Number::Float(f64::from(i))),
            (-1000_i32..1000).prop_map(|i| Number::Float(f64::from(i) / 8.0)),
            "-?[0-9]{1,30}(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?".prop_map(Number::Decimal),
        ]
    }

    /// Random values of type `ty`; null and (when `unknowns`) unknown can appear anywhere.
    /// A dynamic value nests at most `dynamic_budget` further dynamic values.
    pub(crate) fn arb_value(
        ty: &Type,
        unknowns: bool,
        dynamic_budget: u32,
    ) -> BoxedStrategy<Value> {
        let known: BoxedStrategy<Value> = match ty {
            Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
            Type::Number => arb_number().prop_map(Value::Number).boxed(),
            Type::String => any::<String>().prop_map(Value::String).boxed(),
            Type::List(e) => prop::collection::vec(arb_value(e, unknowns, dynamic_budget), 0..4)
                .prop_map(Value::List)
                .boxed(),
            Type::Set(e) => prop::collection::vec(arb_value(e, unknowns, dynamic_budget), 0..4)
                .prop_map(Value::Set)
                .boxed(),
            Type::Map(e) => prop::collection::btree_map(
                any::<String>(),
                arb_value(e, unknowns, dynamic_budget),
                0..4,
            )
            .prop_map(Value::Map)
            .boxed(),
            Type::Object(attrs) => attrs
                .iter()
                .map(|(name, t)| {
                    let name = name.clone();
                    arb_value(t, unknowns, dynamic_budget).prop_map(move |v| (name.clone(), v))
                })
                .collect::<Vec<_>>()
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect()))
                .boxed(),
            Type::Tuple(elems) => elems
                .iter()
                .map(|t| arb_value(t, unknowns, dynamic_budget))
                .collect::<Vec<_>>()
                .prop_map(Value::Tuple)
                .boxed(),
            Type::Dynamic if dynamic_budget == 0 => Just(Value::Null).boxed(),
            Type::Dynamic => arb_type(dynamic_budget > 1)
                .prop_filter("a dynamic value has a concrete type", |t| {
                    *t != Type::Dynamic
                })
                .prop_flat_map(move |t| {
                    arb_value(&t, unknowns, dynamic_budget - 1)
                        .prop_map(move |v| Value::Dynamic(t.clone(), Box::new(v)))
                })
                .boxed(),
        };
        if unknowns {
            prop_oneof![1 => Just(Value::Null), 1 => Just(Value::Unknown), 6 => known].boxed()
        } else {
            prop_oneof![1 => Just(Value::Null), 7 => known].boxed()
        }
    }

    pub(crate) fn arb_typed_value(unknowns: bool) -> impl Strategy<Value = (Type, Value)> {
        arb_type(true).prop_flat_map(move |t| {
            let values = arb_value(&t, unknowns, 2);
            (Just(t), values)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn encode_then_decode_round_trips((ty, value) in arb_typed_value(true)) {
            let bytes = encode(&value, &ty).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back = decode(&bytes, &ty).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back, value);
        }

        #[test]
        fn decode_never_panics_on_random_bytes(
            ty in arb_type(true),
            bytes in prop::collection::vec(any::<u8>(), 0..256),
        ) {
            let _ = decode(&bytes, &ty);
        }

        #[test]
        fn decode_never_panics_on_damaged_encodings(
            (ty, value) in arb_typed_value(true),
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut bytes = encode(&value, &ty).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for (at, byte) in edits {
                let i = at.index(bytes.len());
                if let Some(b) = bytes.get_mut(i) {
                    *b = byte;
                }
            }
            let _ = decode(&bytes, &ty);
            let _ = decode(bytes.get(..cut.index(bytes.len() + 1)).unwrap_or_default(), &ty);
        }
    }
}

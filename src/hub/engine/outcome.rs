//! The answer of an engine call that may need to wait: the local engine answers at
//! once, the Redis engine after a round trip. A connection handles a ready answer in
//! line (no allocation, no task switch) and keeps a pending one aside while it goes
//! on writing, pinging and watching for shutdown.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use futures_util::future::{Either, Ready, ready};

pub type Pending<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

pub enum Outcome<T> {
    Ready(T),
    Pending(Pending<T>),
}

impl<T: Send + 'static> Outcome<T> {
    /// Applies `f` to the answer, now or when it comes.
    pub fn map<U: Send + 'static>(self, f: impl FnOnce(T) -> U + Send + 'static) -> Outcome<U> {
        match self {
            Outcome::Ready(v) => Outcome::Ready(f(v)),
            Outcome::Pending(fut) => Outcome::Pending(Box::pin(async move { f(fut.await) })),
        }
    }

    /// Waits for it as a boxed future, ready or not.
    pub fn boxed(self) -> Pending<T> {
        match self {
            Outcome::Ready(v) => Box::pin(ready(v)),
            Outcome::Pending(fut) => fut,
        }
    }
}

impl<T> IntoFuture for Outcome<T> {
    type Output = T;
    type IntoFuture = Either<Ready<T>, Pending<T>>;

    fn into_future(self) -> Self::IntoFuture {
        match self {
            Outcome::Ready(v) => Either::Left(ready(v)),
            Outcome::Pending(fut) => Either::Right(fut),
        }
    }
}

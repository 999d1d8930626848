//! The configuration of every pallet, one file per concern.

pub mod assets;
pub mod bitcoin;
pub mod consensus;
pub mod filecoin;
pub mod governance;
pub mod hashpower;
pub mod market;
pub mod monetary;
pub mod system;

pub use system::{RuntimeBlockLength, RuntimeBlockWeights};

// The transaction model is NBitcoin's; these names read as Bitcoin's own throughout the library.
global using OutPoint = NBitcoin.OutPoint;
global using Transaction = NBitcoin.Transaction;
global using TxIn = NBitcoin.TxIn;
global using TxOut = NBitcoin.TxOut;

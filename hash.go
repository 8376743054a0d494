package remit

import (
	"crypto/sha256"
	"encoding/hex"
)

// HashKey returns the hex SHA-256 of an API key. Generated keys carry 238
// bits of entropy, so a fast hash is enough and keeps authentication cheap;
// a slow password hash would cost every request.
func HashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

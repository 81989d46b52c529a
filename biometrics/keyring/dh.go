package keyring

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
)

// The Secret Service's "dh-ietf1024-sha256-aes128-cbc-pkcs7" transfer
// encryption: Diffie-Hellman over the RFC 2409 second Oakley group, HKDF-SHA256
// (no salt, no info) to a 128-bit key, AES-CBC with PKCS#7 padding and the IV
// as the secret's parameters. It keeps secrets out of D-Bus monitors and logs.

const dhAlgorithm = "dh-ietf1024-sha256-aes128-cbc-pkcs7"

// oakleyGroup2 is the 1024-bit MODP prime of RFC 2409 §6.2; the generator is 2.
const oakleyGroup2 = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
	"29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
	"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381" +
	"FFFFFFFFFFFFFFFF"

func dhPrime() *big.Int {
	p, _ := new(big.Int).SetString(oakleyGroup2, 16)
	return p
}

// dhKeypair makes a private exponent and the public value g^x mod p.
func dhKeypair() (priv *big.Int, pub []byte, err error) {
	p := dhPrime()
	max := new(big.Int).Sub(p, big.NewInt(2))
	x, err := rand.Int(rand.Reader, max) // [0, p-2) + 1 = [1, p-1)
	if err != nil {
		return nil, nil, err
	}
	x.Add(x, big.NewInt(1))
	return x, new(big.Int).Exp(big.NewInt(2), x, p).Bytes(), nil
}

// dhKey derives the AES key from the service's public value.
func dhKey(priv *big.Int, theirPub []byte) ([]byte, error) {
	p := dhPrime()
	y := new(big.Int).SetBytes(theirPub)
	if y.Cmp(big.NewInt(1)) <= 0 || y.Cmp(new(big.Int).Sub(p, big.NewInt(1))) >= 0 {
		return nil, errors.New("secret service: DH public value out of range")
	}
	shared := new(big.Int).Exp(y, priv, p)
	// The shared secret is padded to the prime's length, as gnome-keyring and
	// libsecret do; unpadded, one exchange in 256 would derive another key.
	ikm := shared.FillBytes(make([]byte, (p.BitLen()+7)/8))
	return hkdf.Key(sha256.New, ikm, nil, "", 16)
}

func encryptSecret(key, plain []byte) (iv, ciphertext []byte, err error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, err
	}
	n := aes.BlockSize - len(plain)%aes.BlockSize
	padded := append(bytes.Clone(plain), bytes.Repeat([]byte{byte(n)}, n)...)
	iv = make([]byte, aes.BlockSize)
	if _, err := rand.Read(iv); err != nil {
		return nil, nil, err
	}
	ciphertext = make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ciphertext, padded)
	return iv, ciphertext, nil
}

func decryptSecret(key, iv, ciphertext []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	if len(iv) != aes.BlockSize || len(ciphertext) == 0 || len(ciphertext)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("secret service: malformed encrypted secret (iv %d bytes, data %d bytes)", len(iv), len(ciphertext))
	}
	plain := make([]byte, len(ciphertext))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ciphertext)
	n := int(plain[len(plain)-1])
	if n == 0 || n > aes.BlockSize || !bytes.Equal(plain[len(plain)-n:], bytes.Repeat([]byte{byte(n)}, n)) {
		return nil, errors.New("secret service: bad padding in encrypted secret")
	}
	return plain[:len(plain)-n], nil
}

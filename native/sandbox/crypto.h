// Random identifiers, secrets, one-time codes and hashes for the sandbox.
// Thin wrappers over libsodium; nothing here touches the database or the network.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace flowkit::sandbox {

void crypto_init();                                           // call once at start; exits when libsodium cannot start
std::string random_hex(std::size_t bytes);                    // returns 2*bytes lowercase hex characters
std::string new_uuid();                                       // returns a random (v4) UUID as text
std::string random_digits(int count);                         // returns `count` uniformly random decimal digits
std::string hash_hex(std::string_view data, std::string_view key = {},
                     std::size_t out_bytes = 32);             // BLAKE2b hex digest; key empty or 16..64 bytes
bool equal_constant_time(std::string_view a, std::string_view b); // true when equal; time depends only on sizes
std::optional<std::string> base64_decode(std::string_view text);  // standard alphabet with padding; nullopt when malformed
std::optional<std::string> hex_decode(std::string_view hex);       // raw bytes; nullopt unless even-length hex

// Data encryption at rest (XSalsa20-Poly1305, crypto_secretbox_easy) under a 32-byte data key.
// Sealed text is "v1:" + base64(nonce || ciphertext), with a fresh random nonce per call.
constexpr std::size_t k_data_key_bytes = 32;
std::string seal(std::string_view plaintext, std::string_view key);                 // key: k_data_key_bytes raw bytes
std::optional<std::string> unseal(std::string_view sealed, std::string_view key);  // nullopt when malformed or forged
void wipe(std::string& secret);                                                     // zeroes the bytes, then clears

}  // namespace flowkit::sandbox

# flowkit-harness end to end against a real sandbox (included from tests/e2e/CMakeLists.txt).
add_test(NAME e2e_harness_onboarding COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/harness_e2e.sh)
set_tests_properties(e2e_harness_onboarding PROPERTIES LABELS e2e TIMEOUT 180
  ENVIRONMENT "FLOWKIT_SANDBOX_BIN=$<TARGET_FILE:flowkit-sandbox>;FLOWKIT_HARNESS_BIN=$<TARGET_FILE:flowkit-harness>")

# flowkit-harness end to end against a real sandbox (included from tests/e2e/CMakeLists.txt).
add_test(NAME e2e_harness_onboarding COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/harness_e2e.sh)
set_tests_properties(e2e_harness_onboarding PROPERTIES LABELS e2e TIMEOUT 180
  ENVIRONMENT "FLOWKIT_SANDBOX_BIN=$<TARGET_FILE:flowkit-sandbox>;FLOWKIT_HARNESS_BIN=$<TARGET_FILE:flowkit-harness>")

# The real payout step behind a faulty transport against a real sandbox: exactly one payout.
flowkit_add_test(payout_faults_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/payout_faults_test.cpp ${PROJECT_SOURCE_DIR}/tests/api/sandbox_process.cpp
  LIBS flowkit_harness_lib fk_httplib fk_json LABELS e2e
  DEFINITIONS FLOWKIT_SANDBOX_BIN="$<TARGET_FILE:flowkit-sandbox>")
target_include_directories(payout_faults_tests PRIVATE ${PROJECT_SOURCE_DIR}/native/harness)
add_dependencies(payout_faults_tests flowkit-sandbox)

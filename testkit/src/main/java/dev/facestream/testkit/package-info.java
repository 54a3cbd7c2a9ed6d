/**
 * Fixtures for the tests of several modules: a throwaway untrained model directory in the real
 * format, the trained model when one exists, the shared sample media, and one embedded broker per
 * test class ({@code ClassBroker}). Main code here only so that modules share it instead of
 * copying it; depended on with test scope, never shipped.
 */
package dev.facestream.testkit;

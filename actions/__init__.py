"""The use-cases (sign up, book, hold, confirm, release), written once for the JSON API and the pages.

Each reads as check → do → notify: validate and authorise, write in one transaction, and only
after commit send the events and wake the mail sender.
"""
